/* amane: suggestions for a text field that takes a code or a name (a school, by its name or code). The field works
   without this script (the server finds the school on submit); with it, a list of matches fills as one types.
   ES5, no framework. */
(function () {
  'use strict';
  if (!window.XMLHttpRequest || !document.querySelectorAll) { return; }
  var inputs = document.querySelectorAll('input[data-suggest]');
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute('list'));
    if (!list) { return; }
    var timer = null;
    var last = '';
    input.addEventListener('input', function () {
      var q = input.value.replace(/^\s+|\s+$/g, '');
      if (timer) { window.clearTimeout(timer); }
      if (q.length < 2 || q === last) { return; }
      timer = window.setTimeout(function () {
        last = q;
        var x = new XMLHttpRequest();
        x.open('GET', input.getAttribute('data-suggest') + '?q=' + encodeURIComponent(q));
        x.setRequestHeader('Accept', 'application/json');
        x.onload = function () {
          if (x.status !== 200) { return; }
          var items;
          try { items = JSON.parse(x.responseText); } catch (e) { return; }
          while (list.firstChild) { list.removeChild(list.firstChild); }
          items.forEach(function (it) {
            var o = document.createElement('option');
            o.value = it.value;
            o.label = it.label;
            o.textContent = it.label;
            list.appendChild(o);
          });
        };
        x.send();
      }, 200);
    });
  });
})();
