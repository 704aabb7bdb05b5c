// The moderation queue by keyboard (templates/moderation/queue.html). j/k move between items, a/h/s
// press the current item's Approve/Hide/Spam button, x ticks it for the bulk action, ? opens the list
// of keys. The buttons are plain form buttons: everything here also works by mouse without script.
// After a decision the server answers with the queue at the next item (#queue-item-<pk>), which
// becomes the current one.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("article.queue-item"));
  var keys = document.getElementById("queue-keys");
  if (!items.length) return;
  var current = -1;

  function select(index) {
    if (index < 0 || index >= items.length) return;
    if (current >= 0) items[current].classList.remove("is-current");
    current = index;
    var item = items[current];
    item.classList.add("is-current");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "start" });
  }

  function press(action) {
    if (current < 0) return;
    var button = items[current].querySelector("button[name=action][value=" + action + "]");
    if (button) button.form.requestSubmit(button);
  }

  var BY_KEY = {
    j: function () { select(current + 1); },
    k: function () { select(current < 0 ? 0 : current - 1); },
    a: function () { press("approve"); },
    h: function () { press("hide"); },
    s: function () { press("spam"); },
    x: function () {
      if (current < 0) return;
      var tick = items[current].querySelector("input.queue-tick");
      tick.checked = !tick.checked;
    },
    "?": function () { keys.open = !keys.open; if (keys.open) keys.scrollIntoView({ block: "nearest" }); },
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) {
      var item = target.closest("article.queue-item");
      if (event.key === "Escape" && item) item.focus();  // back to the keys, on the same item
      return;
    }
    var action = BY_KEY[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // Clicking into an item makes it the current one, so the keys act where the moderator looks.
  items.forEach(function (item, index) {
    item.addEventListener("focusin", function () {
      if (current === index) return;
      if (current >= 0) items[current].classList.remove("is-current");
      current = index;
      item.classList.add("is-current");
    });
  });

  var landed = location.hash && document.getElementById(location.hash.slice(1));
  if (landed && items.indexOf(landed) >= 0) select(items.indexOf(landed));
})();
