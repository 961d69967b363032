/* Commitment explorer: progressive enhancement of the filter form.
 *
 * Without this script the form submits with GET and every link is a plain link. With it,
 * changes fetch the same URL with an "X-Explorer-Fragment" header; the server answers with
 * just the results partial, which replaces the one on the page. The address bar keeps the
 * shareable URL (history.pushState), and the back button works (popstate).
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

  function syncForm(url) {
    var params = new URL(url, window.location.href).searchParams;
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name) {
        return;
      }
      if (element.type === "checkbox" || element.type === "radio") {
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
        results().replaceWith(fresh);
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
    syncForm(url.href);
    load(url.pathname + url.search, { push: true, focus: true });
  });

  window.addEventListener("popstate", function () {
    syncForm(window.location.href);
    load(window.location.pathname + window.location.search, { push: false });
  });
})();
