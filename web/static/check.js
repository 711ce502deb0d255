// The video check's only script: hashes a chosen or dropped file in the browser (WebCrypto SHA-256) and checks that.
/* global document, window */
'use strict';

(function () {
  const panel = document.querySelector('[data-check-file]');
  const picker = document.getElementById('check-file');
  const status = document.getElementById('check-file-status');
  const form = document.getElementById('check-form');
  const field = document.getElementById('check-input');
  if (!panel || !picker || !status || !form || !field) return;
  // Without this script the panel stays hidden: a file field in a GET form would send only the file's name.
  panel.hidden = false;

  const say = (key) => {
    status.textContent = status.dataset[key] || '';
  };

  async function check(file) {
    if (!file) return;
    if (!window.crypto || !window.crypto.subtle) {
      say('noCrypto');
      return;
    }
    say('hashing');
    try {
      // The file is read here and never sent: only its fingerprint leaves the browser.
      const digest = await window.crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
      field.value = hex;
      form.submit();
    } catch {
      say('failed');
    }
  }

  picker.addEventListener('change', () => {
    void check(picker.files && picker.files[0]);
  });
  // The whole panel takes a dropped file, not only the small native control.
  panel.addEventListener('dragover', (event) => {
    event.preventDefault();
    panel.classList.add('drop-target');
  });
  panel.addEventListener('dragleave', () => panel.classList.remove('drop-target'));
  panel.addEventListener('drop', (event) => {
    event.preventDefault();
    panel.classList.remove('drop-target');
    void check(event.dataTransfer && event.dataTransfer.files[0]);
  });
})();
