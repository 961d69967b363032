/* Commitment explorer: progressive enhancement of the filter form.
 *
 * Without this script the form submits with GET and every link is a plain link. With it,
 * changes fetch the same URL with an "X-Explorer-Fragment" header; the server answers with
 * just the results partial, which replaces the one on the page. The address bar keeps the
 * shareable URL (history.pushState), and the back button works (popstate).
 *
 * On narrow screens the results come first and "Narrow the results" and "Filters" are closed
 * disclosures (the server sends them open, for browsers without this script). The member field
 * becomes an autocomplete (static/js/member-autocomplete.js, shared with the comparison).
 */
(function () {
  "use strict";

  var form = document.getElementById("explorer-form");
  var status = document.getElementById("explorer-status");
  if (!form || !window.fetch || !window.history || !window.URLSearchParams) {
    return;
  }
  var explorerPath = new URL(form.action, window.location.href).pathname;
  var defaults = { per_page: "25" };
  var controller = null;
  var narrow = window.matchMedia("(max-width: 59.99rem)");
  var memberInput = form.querySelector("input[data-suggest]");
  var facetsOpen = !narrow.matches;

  function panels() {
    return [document.getElementById("facets"), document.getElementById("explorer-filters")];
  }

  if (narrow.matches) {
    panels().forEach(function (panel) {
      if (panel) {
        panel.open = false;
      }
    });
  }
  document.addEventListener(
    "toggle",
    function (event) {
      if (event.target.id === "facets") {
        facetsOpen = event.target.open;
      }
    },
    true
  );

  function showFilterCount() {
    var count = Number(results().getAttribute("data-filters")) || 0;
    Array.prototype.forEach.call(document.querySelectorAll(".filter-count"), function (span) {
      span.textContent = count ? " (" + count + ")" : "";
    });
  }

  function results() {
    return document.getElementById("explorer-results");
  }

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "" && !(name in defaults && defaults[name] === value)) {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return explorerPath + (query ? "?" + query : "");
  }

  /* Bring the form in line with a URL; false when it cannot (a member chosen in the URL has
   * no box in the form: the page must then be loaded whole). */
  function syncForm(url) {
    var params = new URL(url, window.location.href).searchParams;
    var boxes = form.querySelectorAll('input[type="checkbox"][name="member"]');
    var chosen = Array.prototype.map.call(boxes, function (box) {
      return box.value;
    });
    var complete = params.getAll("member").every(function (member) {
      return chosen.indexOf(member) !== -1;
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name) {
        return;
      }
      if (element === memberInput) {
        element.value = "";
      } else if (element.type === "checkbox" || element.type === "radio") {
        element.checked = params.getAll(element.name).indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT") {
        var value = params.get(element.name);
        if (value === null) {
          value = defaults[element.name] || element.options[0].value;
        }
        element.value = value;
      } else if (element.type !== "submit" && element.type !== "button") {
        element.value = params.get(element.name) || "";
      }
    });
    Array.prototype.forEach.call(form.querySelectorAll("details"), function (details) {
      if (details.querySelector("input:checked")) {
        details.open = true;
      }
    });
    return complete;
  }

  function load(url, options) {
    options = options || {};
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    var current = results();
    current.setAttribute("aria-busy", "true");
    return fetch(url, {
      headers: { "X-Explorer-Fragment": "1" },
      credentials: "same-origin",
      signal: controller.signal,
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html;
        var fresh = template.content.getElementById("explorer-results");
        if (!fresh) {
          window.location.assign(url);
          return;
        }
        fresh.querySelector("#facets").open = facetsOpen;
        results().replaceWith(fresh);
        showFilterCount();
        if (options.push) {
          window.history.pushState({ explorer: true }, "", url);
        }
        var heading = fresh.querySelector("h2");
        if (status && heading) {
          status.textContent = heading.textContent;
        }
        if (options.focus && heading) {
          heading.setAttribute("tabindex", "-1");
          heading.focus();
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.assign(url);
        }
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (memberInput && memberInput.value.trim()) {
      // A typed name: the server matches it to a member (or says why it cannot).
      window.location.assign(formUrl());
      return;
    }
    load(formUrl(), { push: true });
  });

  form.addEventListener("change", function (event) {
    if (event.target.type === "search" || event.target.type === "text") {
      return; // typed input is applied with Enter or the Search button
    }
    load(formUrl(), { push: true });
  });

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) {
      return;
    }
    var link = event.target.closest("a[href]");
    if (!link || link.hasAttribute("download") || !results() || !results().contains(link)) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== explorerPath) {
      return;
    }
    event.preventDefault();
    if (!syncForm(url.href)) {
      window.location.assign(url.href);
      return;
    }
    load(url.pathname + url.search, { push: true, focus: true });
  });

  // A link to a part of the page inside a closed disclosure ("Filters") opens it first.
  document.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    var panel = target && target.closest("details");
    if (panel && !panel.open) {
      panel.open = true;
    }
  });

  window.addEventListener("popstate", function () {
    if (!syncForm(window.location.href)) {
      window.location.reload();
      return;
    }
    load(window.location.pathname + window.location.search, { push: false });
  });

  /* A chosen member becomes a ticked box beside the others, and the results follow. */
  function chooseMember(input, member) {
    input.value = "";
    var chosen = form.querySelector(".member-chosen");
    if (!chosen) {
      chosen = document.createElement("ul");
      chosen.className = "member-chosen";
      input.before(chosen);
    }
    if (!chosen.querySelector('input[value="' + CSS.escape(member.slug) + '"]')) {
      var item = document.createElement("li");
      var box = document.createElement("input");
      var label = document.createElement("label");
      box.type = "checkbox";
      box.name = "member";
      box.value = member.slug;
      box.checked = true;
      box.id = input.id + "_chosen_" + member.slug;
      label.htmlFor = box.id;
      label.textContent = member.name;
      item.append(box, " ", label);
      chosen.appendChild(item);
    }
    load(formUrl(), { push: true });
  }

  if (memberInput && window.ogpMemberAutocomplete) {
    window.ogpMemberAutocomplete(memberInput, { status: status, choose: chooseMember });
  }

})();
