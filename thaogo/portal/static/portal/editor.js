// The article editor: pell (vendored, MIT) over the body's <textarea>. Without JavaScript the
// textarea stays and takes HTML; either way the server cleans the body with nh3.
(function () {
  "use strict";

  function readJSON(id, fallback) {
    var node = document.getElementById(id);
    if (!node) return fallback;
    try { return JSON.parse(node.textContent); } catch (e) { return fallback; }
  }

  function escapeHTML(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function figureHTML(image) {
    var html = '<figure><img src="' + escapeHTML(image.url) + '" alt="' + escapeHTML(image.alt) + '"' +
      ' width="' + image.width + '" height="' + image.height + '">';
    if (image.caption) html += "<figcaption>" + escapeHTML(image.caption) + "</figcaption>";
    return html + "</figure><p><br></p>";
  }

  function chooseImage(images, labels, onChoose) {
    var dialog = document.createElement("dialog");
    dialog.className = "image-chooser";
    var article = document.createElement("article");
    var heading = document.createElement("h2");
    heading.textContent = labels.chooseImage;
    article.appendChild(heading);
    if (!images.length) {
      var empty = document.createElement("p");
      empty.textContent = labels.noImages;
      article.appendChild(empty);
    }
    var list = document.createElement("ul");
    images.forEach(function (image) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      var thumb = document.createElement("img");
      thumb.src = image.thumbnail;
      thumb.alt = image.alt;
      button.appendChild(thumb);
      button.addEventListener("click", function () { dialog.close(); onChoose(image); });
      item.appendChild(button);
      list.appendChild(item);
    });
    article.appendChild(list);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "secondary";
    close.textContent = labels.close;
    close.addEventListener("click", function () { dialog.close(); });
    article.appendChild(close);
    dialog.appendChild(article);
    dialog.addEventListener("close", function () { dialog.remove(); });
    document.body.appendChild(dialog);
    dialog.showModal();
  }

  function init(textarea) {
    if (!window.pell) return;
    var labels = readJSON("editor-labels", {});
    var images = readJSON("editor-images", []);
    var holder = document.createElement("div");
    holder.className = "rich-editor";
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.hidden = true;
    var savedRange = null;

    var editor = window.pell.init({
      element: holder,
      defaultParagraphSeparator: "p",
      onChange: function (html) { textarea.value = html; },
      actions: [
        { name: "bold", title: labels.bold },
        { name: "italic", title: labels.italic },
        { name: "heading2", icon: "<b>H2</b>", title: labels.heading, result: function () { return window.pell.exec("formatBlock", "<h2>"); } },
        { name: "heading3", icon: "<b>H3</b>", title: labels.subheading, result: function () { return window.pell.exec("formatBlock", "<h3>"); } },
        { name: "paragraph", title: labels.paragraph },
        { name: "quote", title: labels.quote },
        { name: "ulist", title: labels.bullets },
        { name: "olist", title: labels.numbers },
        { name: "link", title: labels.link, result: function () {
          var url = window.prompt(labels.linkPrompt);
          if (url) window.pell.exec("createLink", url);
        } },
        { name: "image", title: labels.image, result: function () {
          var selection = window.getSelection();
          savedRange = selection.rangeCount ? selection.getRangeAt(0) : null;
          chooseImage(images, labels, function (image) {
            editor.content.focus();
            if (savedRange) {
              var sel = window.getSelection();
              sel.removeAllRanges();
              sel.addRange(savedRange);
            }
            window.pell.exec("insertHTML", figureHTML(image));
            textarea.value = editor.content.innerHTML;
          });
        } }
      ]
    });
    editor.content.innerHTML = textarea.value;
    editor.content.setAttribute("role", "textbox");
    editor.content.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || textarea.id + "_label";
      editor.content.setAttribute("aria-labelledby", label.id);
    }
    holder.querySelectorAll(".pell-button").forEach(function (button) {
      button.setAttribute("aria-label", button.title);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-rich-text]").forEach(init);
  });
})();
