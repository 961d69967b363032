/* The member field as an autocomplete: the ARIA 1.2 combobox pattern
 * (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/), for the explorer's member filter and
 * the comparison's member fields. Progressive enhancement: without this script each field is a
 * plain text field the server matches to a member (a name, part of one, or a slug).
 *
 * Typing lists the matching members (the field's data-suggest URL, `?q=`); Down and Up move
 * through them, Enter chooses one, Escape closes the list (or, closed, empties the field).
 */
(function () {
  "use strict";

  /* `input`: a text field with data-suggest (the suggestions' URL) and data-none (what to
   * announce when nothing matches); `options.choose(input, {slug, name})` is called with the
   * member chosen; `options.status`, a live region for the announcement. */
  window.ogpMemberAutocomplete = function (input, options) {
    var status = options.status || null;
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    var found = [];
    var active = -1;
    var timer = null;
    var pending = null;
    list.id = listId;
    list.className = "member-suggestions";
    list.setAttribute("role", "listbox");
    // Named by data-list-label if given, else by the field's label (without its colon).
    list.setAttribute("aria-label", input.getAttribute("data-list-label") ||
      (input.labels && input.labels[0] ? input.labels[0].textContent.replace(/:\s*$/, "") : ""));
    list.hidden = true;
    input.after(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      found.forEach(function (option, n) {
        option.setAttribute("aria-selected", n === index ? "true" : "false");
      });
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", found[index].id);
      found[index].scrollIntoView({ block: "nearest" });
    }

    function show(members) {
      list.textContent = "";
      found = members.map(function (member, n) {
        var option = document.createElement("li");
        option.id = listId + "-" + n;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.slug = member.slug;
        option.textContent = member.name;
        list.appendChild(option);
        return option;
      });
      active = -1;
      if (!found.length) {
        close();
        if (status && input.value.trim()) {
          status.textContent = input.getAttribute("data-none") || "";
        }
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function suggest() {
      var text = input.value.trim();
      if (pending) {
        pending.abort();
      }
      if (!text) {
        show([]);
        return;
      }
      pending = new AbortController();
      var url = input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(text);
      fetch(url, { credentials: "same-origin", signal: pending.signal })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === text) {
            show(data.results || []);
          }
        })
        .catch(function () {});
    }

    function choose(option) {
      close();
      options.choose(input, { slug: option.dataset.slug, name: option.textContent });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, 150);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && found.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) {
          suggest();
          return;
        }
        highlight(active + 1 < found.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : found.length - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(found[active]);
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
        }
      } else if (event.key === "Tab") {
        close();
      }
    });
    list.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the field
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) {
        choose(option);
        input.focus();
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  };

  /* The comparison's fields (and the profile's "Compare with…"): a chosen member's name fills
   * the field, which the server matches exactly. */
  document.addEventListener("DOMContentLoaded", function () {
    var fields = document.querySelectorAll("input[data-suggest][data-fill]");
    Array.prototype.forEach.call(fields, function (input) {
      window.ogpMemberAutocomplete(input, {
        status: document.getElementById(input.getAttribute("data-status")),
        choose: function (field, member) {
          field.value = member.name;
        },
      });
    });
  });
})();
