/* Keyboard keys for the review queue (gcmreview/intake/templates/intake/review_queue.html).
 *
 * The page works without this file: its forms post and redirect. This adds keys that press
 * the same buttons and follow the same links, so that every key does what a button does.
 * Every word shown comes from the page (translated there), none from here.
 *
 *   j / k      next / previous key message          1 … 23   tick or untick an objective
 *   t / T      next / previous statement type       Enter    confirm, go to the next
 *   x          discard, go to the next              m        merge with the next
 *   e          edit the text (Escape leaves it)     s        split at the text cursor
 *   ?          show or hide the list of keys
 *
 * Objective numbers: 3 to 9 tick at once. 1 and 2 wait a moment for a second digit
 * (1 then 8 is 18; 2 then 3 is 23); 0 first picks a single digit at once (01, 02).
 * Any other key ends the wait, so "1 Enter" confirms with objective 1 ticked.
 */
(function () {
  "use strict";

  const DIGIT_WAIT_MS = 800;
  const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";
  const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

  function start() {
    const form = document.getElementById("review-form");
    const keys = document.getElementById("review-keys");
    const text = document.getElementById("review-text");
    const live = document.getElementById("review-live");
    let pending = null; // the first digit of a number being typed
    let timer = null;
    let busy = false; // a form is on its way: further keys would act twice

    function say(message) {
      if (live) live.textContent = message;
    }

    function fill(template, values) {
      return template.replace(/\{(\w+)\}/g, (whole, name) => values[name] ?? whole);
    }

    // --- objectives -----------------------------------------------------------------

    function toggle(number) {
      const box = form && form.querySelector(`input[name="objectives"][value="${number}"]`);
      if (!box) {
        if (form) say(fill(form.dataset.noObjective, { number }));
        return;
      }
      box.checked = !box.checked;
      const label = box.closest("label").textContent.replace(/\s+/g, " ").trim();
      say(fill(box.checked ? form.dataset.ticked : form.dataset.unticked, { objective: label }));
    }

    function settle() {
      // The wait for a second digit ends: a lone 1 or 2 counts as itself.
      clearTimeout(timer);
      timer = null;
      const digit = pending;
      pending = null;
      if (digit !== null && digit > 0) toggle(digit);
    }

    function typeDigit(digit) {
      if (pending !== null) {
        const first = pending;
        const number = first * 10 + digit;
        clearTimeout(timer);
        timer = null;
        pending = null;
        if (number >= 1 && number <= 23) {
          toggle(number);
          return;
        }
        // 24 and above name no objective: the first digit stands alone, this one starts anew.
        if (first > 0) toggle(first);
      }
      if (digit >= 3) {
        toggle(digit);
        return;
      }
      pending = digit;
      say(`${digit}…`);
      timer = setTimeout(settle, DIGIT_WAIT_MS);
    }

    // --- statement type -------------------------------------------------------------

    function cycleType(step) {
      const radios = [...form.querySelectorAll('input[name="statement_type"]')];
      if (!radios.length) return;
      const now = radios.findIndex((r) => r.checked);
      const next = radios[(now + step + radios.length) % radios.length];
      next.checked = true;
      const label = next.closest("label").textContent.replace(/\s+/g, " ").trim();
      say(fill(form.dataset.statementType, { type: label }));
    }

    // --- buttons and links ----------------------------------------------------------

    function press(id) {
      const button = document.getElementById(id);
      if (!button || button.disabled || busy) return false;
      form.requestSubmit(button);
      return true;
    }

    function follow(id) {
      const link = document.getElementById(id);
      if (link) window.location.assign(link.href);
    }

    // The caret of the text field, counted in characters as the server counts them
    // (code points, not UTF-16 units).
    function caret() {
      const at = text.selectionStart;
      return Array.from(text.value.slice(0, at)).length;
    }

    function splitAtCaret() {
      const before = text.value.slice(0, text.selectionStart).trim();
      const after = text.value.slice(text.selectionStart).trim();
      if (!before || !after) {
        say(form.dataset.splitWhere);
        return;
      }
      press("review-split-here");
    }

    if (form) {
      // With a text cursor to read, the split button of the form replaces the number field.
      const here = document.getElementById("review-split-here");
      const numbered = document.getElementById("review-split-form");
      if (here) here.hidden = false;
      if (numbered) numbered.hidden = true;
      form.addEventListener("submit", (event) => {
        if (busy) {
          event.preventDefault();
          return;
        }
        if (event.submitter && event.submitter.value === "split") {
          document.getElementById("review-split-at").value = String(caret());
        }
        busy = true;
      });
    }

    // --- keys -----------------------------------------------------------------------

    // The key as the page means it, whatever the keyboard layout: Latin letters and digits
    // as typed; Arabic-Indic digits as digits; on an Arabic layout, or AZERTY's digit row,
    // the physical key.
    function keyOf(event) {
      const key = event.key;
      if (/^[0-9]$/.test(key)) return key;
      for (const digits of [ARABIC_DIGITS, PERSIAN_DIGITS]) {
        const i = digits.indexOf(key);
        if (key.length === 1 && i >= 0) return String(i);
      }
      if (key === "?" || key === "؟") return "?";
      if (/^[a-zA-Z]$/.test(key)) return key;
      const physical = /^(?:Key([A-Z])|Digit([0-9])|Numpad([0-9]))$/.exec(event.code || "");
      if (physical && key.length === 1) {
        if (physical[1]) return event.shiftKey ? physical[1] : physical[1].toLowerCase();
        return physical[2] || physical[3];
      }
      return key;
    }

    function typing(target) {
      if (!(target instanceof HTMLElement)) return false;
      if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") {
        return true;
      }
      return target.tagName === "INPUT" && !["checkbox", "radio", "submit", "button"].includes(target.type);
    }

    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (["Shift", "Control", "Alt", "AltGraph", "Meta", "CapsLock"].includes(event.key)) return;
      const target = event.target;
      if (event.key === "Escape") {
        if (keys && keys.open) keys.open = false;
        if (typing(target) && form) {
          // Leave the field, keeping its cursor, so that the keys work again.
          target.blur();
          form.focus();
        }
        return;
      }
      if (typing(target)) return;
      const key = keyOf(event);

      if (key === "?") {
        event.preventDefault();
        if (keys) keys.open = !keys.open;
        return;
      }
      if (!form) return;

      if (/^[0-9]$/.test(key)) {
        event.preventDefault();
        typeDigit(Number(key));
        return;
      }
      settle();
      if (event.repeat && (key === "Enter" || key === "x" || key === "m" || key === "s")) return;

      switch (key) {
        case "Enter":
          // On a link, a button or the summary of the keys, Enter keeps its own meaning.
          if (target.closest && target.closest("a, button, summary")) return;
          event.preventDefault();
          press("review-confirm");
          break;
        case "j":
          follow("review-next");
          break;
        case "k":
          follow("review-previous");
          break;
        case "t":
          cycleType(1);
          break;
        case "T":
          cycleType(-1);
          break;
        case "x":
          press("review-discard");
          break;
        case "m":
          if (!press("review-merge") && !busy) say(form.dataset.nothingFollows);
          break;
        case "s":
          splitAtCaret();
          break;
        case "e":
          event.preventDefault(); // the e must not land in the text
          text.focus();
          break;
        default:
          return;
      }
    });
  }

  // Tells tests (and curious readers of the DOM) that the keys are listening.
  function ready() {
    start();
    document.documentElement.dataset.reviewKeys = "on";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
