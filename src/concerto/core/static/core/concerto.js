// Progressive enhancement only: every page works without this file.
document.documentElement.classList.remove("concerto-no-js");
