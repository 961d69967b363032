/* The language switch (templates/includes/site_header.html): progressive enhancement.
 *
 * Each language is a plain link to this page in that language, so the switch works without
 * this script and crawlers follow it. With it, a click also remembers the choice in the
 * language cookie (which the admin follows; a public page's language is always its URL's), and
 * carries the current query string, which the explorer changes without reloading the page.
 */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".language-switch a[data-language]");
    if (!link) {
      return;
    }
    var nav = link.closest(".language-switch");
    var cookie = nav.getAttribute("data-cookie-name") + "=" + link.getAttribute("data-language") +
      "; path=/; max-age=" + nav.getAttribute("data-cookie-age") + "; samesite=lax";
    if (window.location.protocol === "https:") {
      cookie += "; secure";
    }
    document.cookie = cookie;
    var target = new URL(link.href, window.location.href);
    if (target.search !== window.location.search) {
      link.href = target.pathname + window.location.search;
    }
  });
})();
