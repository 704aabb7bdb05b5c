// An old blog's link to a comment carries the comment's old anchor: "#comment-881" (WordPress, Disqus)
// or "#c123" (Blogger). Here that number may be the id of another comment, so the page must not jump
// there. The server loads this script only on a visit that came through an old address; before the
// page is drawn it drops the anchor and asks where that comment lives now (importers.views).
(function () {
  "use strict";
  var match = /^#(comment-\d+|c\d+)$/.exec(window.location.hash);
  if (!match) {
    return;
  }
  var lookup = document.currentScript.dataset.lookup;
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  window.location.replace(lookup.replace("FRAGMENT", match[1]));
})();
