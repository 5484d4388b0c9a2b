// sphinx-vitae: the profile's e-mail address is written "ada [at] example [dot] org" in the page;
// this makes it a working mailto: link (without JavaScript it stays readable text).
document.querySelectorAll("[data-vitae-email]").forEach(function (link) {
  var address = link.getAttribute("data-vitae-email").replace(/ \[dot\] /g, ".").replace(" [at] ", "@");
  link.setAttribute("href", "mailto:" + address);
  link.setAttribute("title", address);
  var text = link.querySelector(".vitae-link-text, .vitae-sr-only");
  if (text) text.textContent = address;
});
