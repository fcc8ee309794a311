// Passkey forms (api/auth/passkeys-view.ts): shown only where the browser can use passkeys. On submit: ask our
// server for the ceremony's options, let the device's authenticator answer (@simplewebauthn/browser, served from
// our own app), put the answer in the form and post it. Without JavaScript or WebAuthn the forms stay hidden and
// the code forms beside them do the job.
(function () {
  'use strict';
  var lib = window.SimpleWebAuthnBrowser;
  if (!lib || !lib.browserSupportsWebAuthn()) return;
  var forms = document.querySelectorAll('form[data-passkey]');
  Array.prototype.forEach.call(forms, function (form) {
    var status = form.querySelector('[data-passkey-status]');
    var button = form.querySelector('button[type=submit]');
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      status.hidden = true;
      button.disabled = true;
      var csrf = form.querySelector('input[name=_csrf]').value;
      fetch(form.getAttribute('data-options'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'x-csrf-token': csrf },
      })
        .then(function (res) {
          if (!res.ok) throw new Error('options refused: ' + res.status);
          return res.json();
        })
        .then(function (options) {
          return form.getAttribute('data-passkey') === 'register'
            ? lib.startRegistration({ optionsJSON: options })
            : lib.startAuthentication({ optionsJSON: options });
        })
        .then(function (answer) {
          form.querySelector('input[name=response]').value = JSON.stringify(answer);
          // A plain post (submit() fires no submit event): the server answers with the next page.
          form.submit();
        })
        .catch(function () {
          button.disabled = false;
          status.hidden = false;
        });
    });
  });
})();
