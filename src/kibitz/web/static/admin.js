/* Kibitz moderation dashboard: actions through the review API, keyboard shortcuts, bulk
   selection, and live updates of the queues (server-sent events from /api/v1/review/events, with
   polling every 15 seconds as the fallback). No framework; the page works as plain HTML for
   reading, and every write carries the session's CSRF token. */
(function () {
  "use strict";
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.content : "";
  var list = document.querySelector("ol.items");
  var statusBox = document.getElementById("status");
  var params = new URLSearchParams(location.search);
  var queue = params.get("queue") || "pending";
  var POLL_MS = 15000;
  var current = 0;

  function items() { return Array.prototype.slice.call(document.querySelectorAll("li.item")); }

  function announce(text, isError) {
    if (statusBox) { statusBox.textContent = text; }
    var toast = document.getElementById("toast");
    if (!toast) {
      toast = document.createElement("div");
      toast.id = "toast";
      toast.className = "toast";
      document.body.appendChild(toast);
    }
    toast.textContent = text;
    toast.classList.toggle("toast-error", !!isError);
    toast.classList.add("is-shown");
    clearTimeout(announce.timer);
    announce.timer = setTimeout(function () { toast.classList.remove("is-shown"); }, 4000);
  }

  function setCurrent(index, focus) {
    var all = items();
    if (!all.length) { return; }
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (li, i) { li.classList.toggle("is-current", i === current); });
    var li = all[current];
    li.setAttribute("tabindex", "-1");
    if (focus !== false) { li.focus({ preventScroll: true }); }
    li.scrollIntoView({ block: "nearest" });
  }

  function currentItem() { return items()[current] || null; }

  function api(method, path, body) {
    return fetch("/api/v1/review" + path, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var message = (data.error && data.error.message) || ("HTTP " + response.status);
          throw new Error(message);
        }
        return data;
      });
    });
  }

  var PAST = { approve: "approved", reject: "rejected", edit_approve: "edited and approved",
    feature: "pinned", unfeature: "unpinned", close_thread: "thread closed",
    open_thread: "thread reopened", suspend: "author suspended", ban: "author banned",
    shadow_ban: "author shadow-banned" };
  var STAYS = { unfeature: 1, close_thread: 1, open_thread: 1 };

  function settle(li, action, result) {
    var leaves = queue !== "all" && !STAYS[action] && !(action === "feature" && queue === "approved");
    if (leaves) {
      var index = items().indexOf(li);
      li.remove();
      bump(queue, -1);
      setCurrent(index, true);
      if (!items().length) { location.reload(); }
    } else {
      var chip = li.querySelector(".chip");
      if (chip && result && result.status) { chip.textContent = result.status; chip.className = "chip chip-" + result.status; }
    }
  }

  function bump(name, delta) {
    var badge = document.querySelector('[data-count="' + name + '"]');
    if (badge) { badge.textContent = String(Math.max(0, parseInt(badge.textContent, 10) + delta)); }
  }

  var decidedHere = {};  // ids this page acted on: their "decided" events are our own

  function act(li, payload) {
    var id = li.getAttribute("data-id");
    decidedHere[id] = true;
    return api("POST", "/comments/" + id + "/decision", payload).then(function (result) {
      announce("Comment " + id + ": " + PAST[payload.action] + ".");
      settle(li, payload.action, result);
      if (STAYS[payload.action]) { setTimeout(function () { location.reload(); }, 600); }
    }).catch(function (error) { announce("Comment " + id + ": " + error.message, true); });
  }

  /* Dialogs: resolve with the form's values when confirmed, null when cancelled. */
  function ask(dialogId, prepare) {
    var dialog = document.getElementById(dialogId);
    var form = dialog.querySelector("form");
    form.reset();
    if (prepare) { prepare(form); }
    return new Promise(function (resolve) {
      function done(event) {
        event.preventDefault();
        var ok = !event.submitter || event.submitter.value !== "cancel";
        if (ok && !form.checkValidity()) { form.reportValidity(); return; }
        cleanup();
        dialog.close();
        resolve(ok ? new FormData(form) : null);
      }
      function cancelled() { cleanup(); resolve(null); }
      function enter(event) {
        if (event.key === "Enter" && event.target.tagName !== "TEXTAREA") {
          event.preventDefault();
          form.requestSubmit(form.querySelector('button[value="ok"]'));
        }
      }
      function cleanup() {
        form.removeEventListener("submit", done);
        dialog.removeEventListener("cancel", cancelled);
        dialog.removeEventListener("keydown", enter);
      }
      form.addEventListener("submit", done);
      dialog.addEventListener("cancel", cancelled);
      dialog.addEventListener("keydown", enter);
      dialog.showModal();
      var focus = form.querySelector("input:checked") || form.querySelector("textarea, input:not([type=hidden]), select");
      if (focus) { focus.focus(); }
    });
  }

  function chooseRule(rule) {
    return ask("reject-dialog", function (form) {
      var radio = form.querySelector('input[name="rule"][value="' + (rule || "other") + '"]');
      (radio || form.querySelector('input[name="rule"]')).checked = true;
    });
  }

  function run(li, action) {
    if (!li) { return; }
    setCurrent(items().indexOf(li), false);
    if (action === "reject") {
      chooseRule(li.getAttribute("data-rule")).then(function (data) {
        if (data) { act(li, { action: "reject", rule: data.get("rule"), note: data.get("note") || null }); }
        li.focus();
      });
    } else if (action === "edit_approve") {
      ask("edit-dialog", function (form) {
        form.elements.body.value = li.querySelector("textarea.source").value;
      }).then(function (data) {
        if (data) { act(li, { action: "edit_approve", body: data.get("body"), note: data.get("note") || null }); }
        li.focus();
      });
    } else if (action === "sanction") {
      ask("ban-dialog", function (form) {
        var rule = li.getAttribute("data-rule");
        if (rule) { form.elements.rule.value = rule; }
      }).then(function (data) {
        if (!data) { li.focus(); return; }
        var payload = { action: data.get("kind"), rule: data.get("rule") || null, note: data.get("note") || null };
        if (payload.action === "suspend") { payload.days = parseInt(data.get("days"), 10); }
        act(li, payload);
      });
    } else {
      act(li, { action: action });
    }
  }

  /* Bulk selection. */
  function selected() {
    return Array.prototype.slice.call(document.querySelectorAll("input.select:checked"));
  }
  function refreshBulk() {
    var count = selected().length;
    var label = document.getElementById("selected-count");
    if (label) { label.textContent = count + " selected"; }
    document.querySelectorAll("[data-bulk]").forEach(function (button) { button.disabled = count === 0; });
  }
  function bulk(action) {
    var boxes = selected();
    var ids = boxes.map(function (box) { return parseInt(box.value, 10); });
    ids.forEach(function (id) { decidedHere[String(id)] = true; });
    var chosen = action === "reject" ? chooseRule("") : Promise.resolve(new FormData());
    chosen.then(function (data) {
      if (!data) { return; }
      var payload = { action: action, ids: ids, rule: data.get("rule") || null, note: data.get("note") || null };
      api("POST", "/decisions", payload).then(function () {
        announce(ids.length + " comments " + PAST[action] + ".");
        boxes.forEach(function (box) { var li = box.closest("li.item"); if (li) { settle(li, action, null); } });
        refreshBulk();
      }).catch(function (error) { announce(error.message, true); });
    });
  }

  /* More context on demand: report notes, earlier decisions, the author's recent comments. */
  function text(html) { return new DOMParser().parseFromString(html, "text/html").body.textContent || ""; }
  function add(parent, tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) { node.className = className; }
    parent.appendChild(node);
    return node;
  }
  function showContext(li) {
    var box = li.querySelector(".context");
    if (!box.hidden) { box.hidden = true; return; }
    api("GET", "/comments/" + li.getAttribute("data-id")).then(function (data) {
      box.textContent = "";
      if (data.reports.length) {
        add(box, "h4", "Report notes");
        var ul = add(box, "ul", "");
        data.reports.forEach(function (r) { add(ul, "li", r.reason + (r.note ? ": " + r.note : "")); });
      }
      if (data.reasons.length) {
        add(box, "h4", "Why the machine flagged it");
        var reasons = add(box, "ul", "");
        data.reasons.forEach(function (r) { add(reasons, "li", r); });
      }
      add(box, "h4", "Earlier decisions on this author");
      if (!data.author_decisions.length) { add(box, "p", "None.", "muted"); }
      var decisions = add(box, "ul", "");
      data.author_decisions.forEach(function (d) {
        add(decisions, "li", d.action + (d.rule ? " (" + d.rule + ")" : "") + " by " + (d.moderator || "?"));
      });
      add(box, "h4", "Their recent comments");
      if (!data.author_recent.length) { add(box, "p", "None.", "muted"); }
      var recent = add(box, "ul", "");
      data.author_recent.forEach(function (c) { add(recent, "li", "[" + c.status + "] " + text(c.html).slice(0, 140)); });
      if (data.author_ban) { add(box, "p", "In force: " + data.author_ban.kind, "alert"); }
      box.hidden = false;
    }).catch(function (error) { announce(error.message, true); });
  }

  /* Keyboard. */
  var KEYS = { a: "approve", r: "reject", e: "edit_approve", b: "sanction" };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || document.querySelector("dialog[open]")) { return; }
    var li = currentItem();
    if (event.key === "?") { event.preventDefault(); document.getElementById("help").showModal(); return; }
    if (!li) { return; }
    if (event.key === "j") { setCurrent(current + 1); }
    else if (event.key === "k") { setCurrent(current - 1); }
    else if (event.key === "x") { var box = li.querySelector("input.select"); box.checked = !box.checked; refreshBulk(); }
    else if (event.key === "p") { run(li, li.querySelector('[data-action$="feature"]').getAttribute("data-action")); }
    else if (KEYS[event.key]) { event.preventDefault(); run(li, KEYS[event.key]); }
    else { return; }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) {
      var picked = event.target.closest("li.item");
      if (picked && !event.target.closest("a, input, label, summary")) { setCurrent(items().indexOf(picked), false); }
      return;
    }
    var li = button.closest("li.item");
    if (button.hasAttribute("data-action") && li) { run(li, button.getAttribute("data-action")); }
    else if (button.hasAttribute("data-bulk")) { bulk(button.getAttribute("data-bulk")); }
    else if (button.hasAttribute("data-help")) { document.getElementById("help").showModal(); }
    else if (button.hasAttribute("data-context") && li) { showContext(li); }
  });

  document.addEventListener("change", function (event) {
    if (event.target.id === "select-all") {
      document.querySelectorAll("input.select").forEach(function (box) { box.checked = event.target.checked; });
    }
    if (event.target.matches("input.select, #select-all")) { refreshBulk(); }
  });

  /* Polling: new arrivals update the tab counts and offer a reload (live events may replace this). */
  function poll() {
    var query = new URLSearchParams();
    ["site", "thread", "rule", "author"].forEach(function (key) { if (params.get(key)) { query.set(key, params.get(key)); } });
    api("GET", "/counts?" + query.toString()).then(function (counts) {
      var badge = document.querySelector('[data-count="' + queue + '"]');
      var shown = badge ? parseInt(badge.textContent, 10) : 0;
      Object.keys(counts).forEach(function (name) {
        var other = document.querySelector('[data-count="' + name + '"]');
        if (other && name !== queue) { other.textContent = String(counts[name]); }
      });
      var notice = document.getElementById("new-items");
      if (notice && counts[queue] > shown) {
        var more = counts[queue] - shown;
        notice.querySelector("span").textContent = more + (more === 1 ? " new comment" : " new comments") + " in this queue.";
        notice.querySelector("a").href = location.pathname + location.search;
        notice.hidden = false;
      }
    }).catch(function () { /* offline for a moment: try again next round */ });
  }

  if (list) {
    setCurrent(0, false);
    refreshBulk();
  }
  /* Live: each review event refreshes the counts at once (the counts endpoint applies this page's
     filters, which the stream does not know); the list itself never moves under the moderator.
     Polling keeps running underneath: it is the fallback while the stream is down, and it also
     catches changes no event reports (bulk updates from the command line, imports). */
  var refreshTimer = null;
  function refreshSoon() {
    if (!refreshTimer) { refreshTimer = setTimeout(function () { refreshTimer = null; poll(); }, 250); }
  }
  function decidedElsewhere(event) {
    var data = JSON.parse(event.data);
    var li = list && list.querySelector('li.item[data-id="' + data.comment_id + '"]');
    if (li && !decidedHere[String(data.comment_id)]) {
      li.classList.add("is-decided");
      var chip = li.querySelector(".chip");
      if (chip) { chip.textContent = data.status + " by another moderator"; chip.className = "chip chip-" + data.status; }
    }
    refreshSoon();
  }
  function listen() {
    if (!window.EventSource) { return; }
    var source = new EventSource("/api/v1/review/events");
    source.addEventListener("open", function () {
      document.body.setAttribute("data-live", "on");
      poll();  // whatever arrived while the stream was down
    });
    source.addEventListener("queued", refreshSoon);
    source.addEventListener("decided", decidedElsewhere);
    source.addEventListener("error", function () {
      document.body.setAttribute("data-live", "off");
      // A refused stream (503, signed out) is not retried by the browser: try again later.
      if (source.readyState === EventSource.CLOSED) { setTimeout(listen, POLL_MS); }
    });
  }

  if (document.querySelector(".tabs")) {
    setInterval(poll, POLL_MS);
    listen();
  }
})();
