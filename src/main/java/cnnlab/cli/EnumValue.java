package cnnlab.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import cnnlab.data.ImageFiles;
import cnnlab.train.RunTable;
import cnnlab.train.TrainedModel;

/**
 * Picocli converters for options whose value is one of an enum's constants, written in any case
 * ({@code --model best}). A wrong value is one line naming the option and the choices, e.g.
 * {@code --model must be final, best or latest, got 'newest'} ({@link Main} prints it as it is).
 *
 * @param <E> the enum
 */
abstract class EnumValue<E extends Enum<E>> implements ITypeConverter<E> {

    /** A value that is none of the choices; {@link Main} prints its message alone. */
    static final class Invalid extends TypeConversionException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private final Class<E> type;
    private final String option;

    EnumValue(Class<E> type, String option) {
        this.type = type;
        this.option = option;
    }

    @Override
    public E convert(String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw new Invalid(option + " must be " + String.join(", ", names.subList(0, names.size() - 1)) + " or "
                + names.get(names.size() - 1) + ", got '" + value + "'");
    }

    /** {@code --model final|best|latest}. */
    static final class Which extends EnumValue<TrainedModel.Which> {
        Which() {
            super(TrainedModel.Which.class, "--model");
        }
    }

    /** {@code runs --format table|csv|markdown}; {@code md} is markdown too, as it was before the enum. */
    static final class RunsFormat extends EnumValue<RunTable.Format> {
        RunsFormat() {
            super(RunTable.Format.class, "--format");
        }

        @Override
        public RunTable.Format convert(String value) {
            return "md".equalsIgnoreCase(value) ? RunTable.Format.MARKDOWN : super.convert(value);
        }
    }

    /** {@code --invert auto|yes|no}. */
    static final class Invert extends EnumValue<ImageFiles.Invert> {
        Invert() {
            super(ImageFiles.Invert.class, "--invert");
        }
    }
}
