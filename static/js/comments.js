// Inline replies: "Reply" moves the comment form under the comment and sets its parent.
// Without JavaScript the same link (?replyto=<pk>#reply) loads the page with the form quoting it.
(function () {
  "use strict";
  var section = document.getElementById("reply");
  if (!section) return;
  var form = section.querySelector("form.comment-form");
  if (!form) return;
  var heading = document.getElementById("reply-heading");
  var parentInput = form.querySelector("input[name=parent]");
  var cancel = form.querySelector(".cancel-reply");
  var home = document.createComment("comment form home");
  section.insertBefore(home, form);
  var defaultHeading = heading ? heading.textContent : "";

  function dropQuote() {
    var quote = form.querySelector("[data-reply-quote]");
    if (quote) quote.remove();
  }

  function replyTo(link) {
    var article = link.closest("article.comment");
    if (!article) return;
    dropQuote();
    parentInput.value = link.dataset.parent;
    var label = document.createElement("p");
    label.className = "inline-reply-label";
    label.setAttribute("data-reply-quote", "");
    label.textContent = "Replying to " + (link.dataset.name || "this comment");
    form.insertBefore(label, form.firstChild);
    article.insertAdjacentElement("afterend", form);
    form.classList.add("is-inline");
    if (cancel) cancel.hidden = false;
    var body = form.querySelector("textarea[name=body]");
    if (body) body.focus();
  }

  function restore() {
    dropQuote();
    parentInput.value = "";
    home.parentNode.insertBefore(form, home.nextSibling);
    form.classList.remove("is-inline");
    if (cancel) cancel.hidden = true;
    if (heading) heading.textContent = defaultHeading;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.comment-reply-link");
    if (link) {
      event.preventDefault();
      replyTo(link);
      return;
    }
    if (event.target.closest("a.cancel-reply")) {
      event.preventDefault();
      restore();
    }
  });

  // Arriving through a no-JS reply link still works; show the cancel link so the reader can undo it.
  if (parentInput.value && cancel) cancel.hidden = false;
})();

// "N more replies": the rest of the thread, fetched from its own page (?thread=<pk>) and put in place
// of the thread. Without JavaScript the same link opens that page.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("p.more-replies a[data-thread]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    var thread = document.getElementById("thread-" + link.dataset.thread);
    if (!thread) return;
    event.preventDefault();
    var quiet = link.dataset.quiet === "1"; // opened again by live news: no focus, no page change
    delete link.dataset.quiet;
    link.setAttribute("aria-busy", "true");
    fetch(link.href.split("#")[0], { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var whole = new DOMParser().parseFromString(html, "text/html").getElementById(thread.id);
        if (!whole) throw new Error("thread missing");
        var target = link.hash ? link.hash.slice(1) : "";
        var opened = document.importNode(whole, true);
        opened.setAttribute("data-opened", ""); // live news opens it again when it renews the threads
        var form = thread.querySelector("form.comment-form"); // an inline reply being written stays
        if (form) {
          var parent = form.querySelector("input[name=parent]");
          var article = parent && parent.value && opened.querySelector("#comment-" + parent.value);
          if (article) article.insertAdjacentElement("afterend", form);
          else opened.appendChild(form);
        }
        thread.replaceWith(opened);
        var first = !quiet && target && document.getElementById(target);
        if (first) {
          first.setAttribute("tabindex", "-1");
          first.focus({ preventScroll: false });
        }
      })
      .catch(function () {
        link.removeAttribute("aria-busy");
        if (!quiet) window.location.href = link.href;
      });
  });
})();

// Reactions ("Helpful", "Been there"): a signed-in reader's click posts the reaction and updates the
// button in place. Without JavaScript, or signed out, the same link opens a page whose form does it.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  if (!section || !section.hasAttribute("data-signed-in") || !window.URL) return;
  var token = section.querySelector("input[name=csrfmiddlewaretoken]");
  if (!token) return;
  section.addEventListener("click", function (event) {
    var link = event.target.closest("a.reaction");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    link.setAttribute("aria-busy", "true");
    var body = new URLSearchParams({
      kind: new URL(link.href).searchParams.get("kind") || "",
      want: link.getAttribute("aria-pressed") === "true" ? "0" : "1", // as the button says, twice or not
    });
    fetch(link.pathname, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token.value },
      body: body,
    })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || !json) throw new Error(response.status);
        return response.json();
      })
      .then(function (answer) {
        link.setAttribute("aria-pressed", answer.given ? "true" : "false");
        var count = link.querySelector(".reaction-count");
        if (!count) {
          link.appendChild(document.createTextNode(" "));
          count = document.createElement("span");
          count.className = "reaction-count";
          link.appendChild(count);
        }
        count.textContent = answer.count ? String(answer.count) : "";
        link.removeAttribute("aria-busy");
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });
})();

// Live news: while the discussion is open, ask every data-poll seconds whether comments were published
// since the page was made, with If-None-Match: an unchanged discussion answers 304. "N new comments —
// show them" then puts this page's threads in place again, with its strips, page links and counts,
// an inline reply being written kept.
// Without JavaScript nothing changes.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  if (!section || !section.dataset.news || !window.fetch || !window.DOMParser) return;
  var etag = '"' + section.dataset.version + '"';
  var since = section.dataset.since;
  var seconds = Math.max(parseInt(section.dataset.poll, 10) || 45, 1);
  var banner = null;
  var latest = null; // the last answer that had news
  var PARTS = ["aside.picks", "nav.comment-pages", "p.all-comments"];

  function refresh() {
    fetch(window.location.href.split("#")[0], { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var threads = fresh.getElementById("threads");
        var freshSection = fresh.getElementById("comments");
        if (!threads || !freshSection) throw new Error("threads missing");
        var form = document.querySelector("#threads form.comment-form");
        var after = form && form.previousElementSibling ? form.previousElementSibling.id : "";
        var formThread = form && form.closest(".thread") ? form.closest(".thread").id : "";
        var current = document.getElementById("threads");
        // What the threads bring with them: the strips above (picks, the letter writer's replies) and
        // the page links below, as the fresh page has them; and every count of the comments.
        PARTS.forEach(function (selector) {
          section.querySelectorAll(selector).forEach(function (part) { part.remove(); });
        });
        freshSection.querySelectorAll(PARTS.join(",")).forEach(function (part) {
          var copy = document.importNode(part, true);
          var below = part.compareDocumentPosition(threads) & Node.DOCUMENT_POSITION_PRECEDING;
          if (below) section.querySelector(".comment-reply").insertAdjacentElement("beforebegin", copy);
          else current.insertAdjacentElement("beforebegin", copy);
        });
        var opened = Array.prototype.map.call(current.querySelectorAll("[data-opened]"), function (thread) {
          return thread.id;
        });
        var counts = fresh.querySelectorAll("[data-comment-count], #comments-heading");
        document.querySelectorAll("[data-comment-count], #comments-heading").forEach(function (count, index) {
          if (counts[index]) count.replaceWith(document.importNode(counts[index], true));
        });
        current.replaceWith(document.importNode(threads, true));
        if (form) {
          // After the comment it answers; in its thread while that opens again (which then puts it
          // there); else at the end.
          var anchor = after && document.getElementById(after);
          var home = (formThread && document.getElementById(formThread)) || document.getElementById("threads");
          if (anchor) anchor.insertAdjacentElement("afterend", form);
          else home.appendChild(form);
        }
        opened.forEach(function (id) {
          var more = document.querySelector("#" + id + " p.more-replies a[data-thread]");
          if (!more) return;
          more.dataset.quiet = "1";
          more.click();
        });
        since = freshSection.dataset.since;
        etag = '"' + freshSection.dataset.version + '"';
        // The first new comment on another page of the discussion (its own order, or a later page):
        // lead there through its permalink, which finds its page.
        var first = latest && latest.first;
        var pk = first && /\/comments\/(\d+)\/$/.exec(first);
        if (pk && !document.getElementById("comment-" + pk[1])) {
          var link = document.createElement("a");
          link.className = "button";
          var sort = new URLSearchParams(window.location.search).get("sort");
          link.href = first + (sort ? "?sort=" + encodeURIComponent(sort) : "");
          link.textContent =
            latest.new === 1
              ? "The new comment is on another page — go to it"
              : latest.new + " new comments: the first is on another page — go to it";
          announce(link);
        } else if (banner) {
          banner.remove();
          banner = null;
        }
      })
      .catch(function () {
        window.location.reload();
      });
  }

  function announce(node) {
    if (!banner) {
      banner = document.createElement("p");
      banner.className = "live-news";
      banner.setAttribute("role", "status");
      var threads = document.getElementById("threads");
      threads.parentNode.insertBefore(banner, threads);
    }
    banner.replaceChildren(node);
  }

  function show(answer) {
    latest = answer;
    var button = banner && banner.querySelector("button");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.addEventListener("click", refresh);
      announce(button);
    }
    button.textContent = answer.new === 1 ? "1 new comment — show it" : answer.new + " new comments — show them";
  }

  function poll() {
    if (document.hidden) return;
    fetch(section.dataset.news + "?since=" + encodeURIComponent(since), {
      credentials: "same-origin",
      cache: "no-store",
      headers: { "If-None-Match": etag, Accept: "application/json" },
    })
      .then(function (response) {
        if (response.status !== 200) return null;
        etag = response.headers.get("ETag") || etag;
        return response.json();
      })
      .then(function (answer) {
        if (answer && answer.new > 0) show(answer);
      })
      .catch(function () {});
  }

  window.setInterval(poll, seconds * 1000);
})();
