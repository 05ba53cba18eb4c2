// The public portal's only script (htmx loads the visitor statistics by itself).
// On a photo page, the left and right arrow keys go to the previous and next photo.
document.addEventListener("keydown", function (event) {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  var link = document.querySelector('a[data-key-nav="' + event.key + '"]');
  if (link) {
    event.preventDefault();
    window.location.assign(link.href);
  }
});
