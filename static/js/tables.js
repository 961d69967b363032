/* The "scroll sideways" cue above a table that scrolls in its box (ogp_tags.scroll_table):
 * progressive enhancement.
 *
 * Without this script the cue shows on every narrow screen (site.css). With it, the cue shows
 * at any width exactly when the table is wider than its box, and follows resizes.
 */
(function () {
  "use strict";

  function update() {
    var boxes = document.querySelectorAll(".table-scroll[role=region]");
    for (var i = 0; i < boxes.length; i++) {
      var cue = boxes[i].previousElementSibling;
      if (cue && cue.classList.contains("scroll-cue")) {
        cue.classList.toggle("scroll-cue--on", boxes[i].scrollWidth > boxes[i].clientWidth + 1);
      }
    }
  }

  document.documentElement.classList.add("js-tables");
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("resize", update);
})();
