/* "Copy page as Markdown" (aeoloop). Without JavaScript the control is a plain link to the
   page's Markdown mirror. With it, a click fetches that same-origin file and copies it to the
   clipboard, and the result is announced in a polite live region. No library, no network
   beyond the page's own site; any failure (no clipboard API, cross-origin preview, HTTP error)
   falls back to following the link. Event delegation keeps it working with instant navigation. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[data-aeoloop-copy]") : null;
    if (!link || !navigator.clipboard || !window.fetch) return;
    var target = new URL(link.href, document.baseURI);
    if (target.origin !== window.location.origin) return;
    event.preventDefault();
    var status = link.parentNode.querySelector(".aeoloop-copy-status");
    fetch(target.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (text) { return navigator.clipboard.writeText(text); })
      .then(function () { if (status) status.textContent = link.getAttribute("data-copied"); })
      .catch(function () { window.location.href = target.href; });
  });
})();
