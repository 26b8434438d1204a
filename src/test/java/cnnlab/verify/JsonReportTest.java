package cnnlab.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON report has the documented shape. */
class JsonReportTest {

    @Test
    void shapeOfTheReport() throws Exception {
        ExampleBook book = ExampleBook.load();
        KnownFindings known = KnownFindings.load();
        VerificationReport report = VerificationReport.check(
                List.of(book.get("max-pooling"), book.get("calc-2-exercise"), book.get("three-channels")), known);
        JsonNode root = new ObjectMapper().readTree(JsonReport.render(report));

        JsonNode max = root.get("examples").get(0);
        assertEquals("max-pooling", max.get("id").asText());
        assertEquals("max", max.get("op").asText());
        assertEquals(3, max.get("params").get("kernel").get(0).asInt());
        assertEquals(5, max.get("input").size(), "grids are arrays of rows");
        assertTrue(max.get("kernel").isNull());
        assertEquals(6, max.get("slide").get(0).get(1).asInt());
        assertEquals(7, max.get("reference").get(0).get(1).asInt());
        assertEquals(7, max.get("dl4j").get(0).get(1).asInt());
        JsonNode d = max.get("disagreements").get(0);
        assertEquals(0, d.get("row").asInt());
        assertEquals(1, d.get("col").asInt());
        assertEquals(6, d.get("slide").asInt());
        assertEquals("slide-erratum", d.get("verdict").asText());

        JsonNode exercise = root.get("examples").get(1);
        assertTrue(exercise.get("slide").isNull(), "no printed output");

        JsonNode three = root.get("examples").get(2);
        assertEquals(3, three.get("input").size(), "three channels");
        assertEquals(5, three.get("input").get(0).size());

        JsonNode summary = root.get("summary");
        assertEquals(3, summary.get("examples").asInt());
        assertEquals(1, summary.get("slideErrata").asInt());
        assertEquals(0, summary.get("dl4jDeviations").asInt());
        assertTrue(summary.get("asExpected").asBoolean());
    }
}
