// "Use my location": fill the hidden lat/lon fields from the browser and submit the form.
(function () {
  var button = document.getElementById('nlc-use-location');
  if (!button || !navigator.geolocation) { return; }
  var status = document.getElementById('nlc-location-status');
  button.hidden = false;
  button.addEventListener('click', function () {
    status.textContent = 'Finding your location...';
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById('nlc-lat').value = pos.coords.latitude.toFixed(6);
      document.getElementById('nlc-lon').value = pos.coords.longitude.toFixed(6);
      document.getElementById('nlc-postcode').value = '';
      document.getElementById('nlc-nearest-form').submit();
    }, function (err) {
      status.textContent = 'Your location is not available (' + err.message + '). Enter a postcode instead.';
    }, { timeout: 10000 });
  });
})();
