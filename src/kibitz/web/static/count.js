/* Kibitz comment counts for article lists.
 *
 *   <span data-kibitz-count="2026/11/my-article"></span>
 *   <script src="https://comments.example.com/count.js" data-site="example" async></script>
 *
 * Fills every span with "N comments" (English or Arabic, from data-lang, the span's lang or the
 * page's), one request per site and per 100 keys. A span may name its own site with
 * data-kibitz-site. Counts are published comments only. No cookies are sent.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var MAX_KEYS = 100;
  var base = script ? new URL(script.src, location.href).origin : location.origin;
  var defaultSite = script && (script.getAttribute("data-site") || script.getAttribute("data-kibitz-site"));
  var scriptLang = script && script.getAttribute("data-lang");

  var WORDS = {
    en: { one: "comment", other: "comments" },
    ar: { zero: "لا تعليقات", one: "تعليق واحد", two: "تعليقان", few: "تعليقات", many: "تعليقًا", other: "تعليق" }
  };

  function langOf(span) {
    var holder = span.closest("[lang]");
    var lang = scriptLang || (holder && holder.getAttribute("lang")) || document.documentElement.lang || "en";
    return lang.toLowerCase().indexOf("ar") === 0 ? "ar" : "en";
  }

  function label(count, lang) {
    var number = new Intl.NumberFormat(lang === "ar" ? "ar-EG" : "en").format(count);
    var words = WORDS[lang];
    if (lang === "ar") {
      var form = new Intl.PluralRules("ar").select(count);
      if (form === "zero" || form === "one" || form === "two") return words[form];
      return number + " " + (words[form] || words.other);
    }
    return number + " " + (count === 1 ? words.one : words.other);
  }

  function groups() {
    var bySite = {};
    document.querySelectorAll("[data-kibitz-count]").forEach(function (span) {
      var site = span.getAttribute("data-kibitz-site") || defaultSite;
      if (!site) return;
      (bySite[site] = bySite[site] || []).push(span);
    });
    return bySite;
  }

  function fill(site, spans) {
    var keys = [];
    spans.forEach(function (span) {
      var key = span.getAttribute("data-kibitz-count");
      if (keys.indexOf(key) < 0) keys.push(key);
    });
    for (var start = 0; start < keys.length; start += MAX_KEYS) {
      request(site, keys.slice(start, start + MAX_KEYS), spans);
    }
  }

  function request(site, keys, spans) {
    var params = new URLSearchParams({ site: site });
    keys.forEach(function (key) { params.append("thread", key); });
    fetch(base + "/api/v1/counts?" + params.toString(), { credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.counts) return;
        spans.forEach(function (span) {
          var key = span.getAttribute("data-kibitz-count");
          if (Object.prototype.hasOwnProperty.call(data.counts, key)) {
            var lang = langOf(span);
            span.textContent = label(data.counts[key], lang);
            span.setAttribute("data-kibitz-filled", String(data.counts[key]));
          }
        });
      })
      .catch(function () { /* counts are decoration: leave the spans as the page wrote them */ });
  }

  function run() {
    var bySite = groups();
    Object.keys(bySite).forEach(function (site) { fill(site, bySite[site]); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
