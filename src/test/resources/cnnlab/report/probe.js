// Injected by the browser tests into a copy of a page (never into the page itself): records script
// errors, failed loads and console.error calls, then on load the state of every image, the layout
// width and every number that carries data-metric, into <pre id="cnnlab-check"> as JSON.
window.__errors = [];
window.addEventListener('error', function (e) {
  window.__errors.push('error: ' + (e.message || (e.target && (e.target.src || e.target.href)) || 'unknown'));
}, true);
console.error = function () { window.__errors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); };
window.addEventListener('load', function () {
  var images = Array.prototype.map.call(document.images, function (i) {
    return {file: i.getAttribute('data-file'), loaded: i.complete && i.naturalWidth > 0, width: i.naturalWidth,
            shown: Math.round(i.getBoundingClientRect().width)};
  });
  var numbers = Array.prototype.map.call(document.querySelectorAll('[data-metric]'), function (e) {
    var run = e.closest('[data-run]');
    return {pointer: e.getAttribute('data-metric'), value: e.getAttribute('data-value'), text: e.textContent,
            run: run ? run.getAttribute('data-run') : null};
  });
  var out = {errors: window.__errors, images: images, numbers: numbers, scrollWidth: document.documentElement.scrollWidth,
             innerWidth: window.innerWidth,
             resources: performance.getEntriesByType('resource').map(function (r) { return r.name; })};
  var pre = document.createElement('pre');
  pre.id = 'cnnlab-check';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
