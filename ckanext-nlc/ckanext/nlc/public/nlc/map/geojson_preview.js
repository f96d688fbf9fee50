// GeoJSON preview with a basemap (ckanext-geoview's module, reworked for the council portal).
// Basemap: the tile provider of ckanext.spatial.common_map.* if set and its tiles load, else
// the council boundary and wards served by the portal itself (ckanext.nlc.map.backdrop_url).
// Popups show the fields the dataset definition names (the GeoJSON's "popup" member, with
// their labels); each marker is numbered, keyboard-focusable and named, and a numbered list
// of the places beside the map opens the same popups.
// Loaded before CKAN's own scripts (the preview page has no asset of ours): the module is
// registered once they have run, before CKAN initialises the page's modules on jQuery ready.
document.addEventListener('DOMContentLoaded', function () {
ckan.module('nlcgeojsonpreview', function (jQuery, _) {
  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function show(value) {
    if (value === true) return 'Yes';
    if (value === false) return 'No';
    return esc(typeof value === 'object' ? JSON.stringify(value) : value);
  }
  return {
    options: { style: { color: '#00335f', opacity: 0.9, fillOpacity: 0.15, weight: 2 } },

    initialize: function () {
      var self = this;
      self.el.empty();
      if (this.options.max_file_size !== 'None' && preload_resource.size &&
          preload_resource.size > this.options.max_file_size) {
        self.el.append(jQuery('<p class="text-danger"></p>').text(
          'This GeoJSON file is too big to be previewed. Please download it.'));
        return;
      }
      self.el.append(jQuery('<div id="map" role="region"></div>').attr('aria-label', 'Map'));
      var config = this.options.map_config || {};
      self.map = L.map('map', { keyboard: true });
      self.attribution = L.control.attribution({ prefix: false }).addTo(self.map);
      if (config.type) {
        self.addTiles(config);
      } else {
        self.addBackdrop('no-provider');
      }
      proj4.defs['OGC:CRS84'] = proj4.defs['EPSG:4326'];
      // An uploaded file is read from this portal, whatever host its stored URL names.
      var url = preload_resource.url;
      if (preload_resource.url_type === 'upload') {
        url = this.options.site_url.replace(/\/$/, '') + new URL(url, window.location.href).pathname;
      }
      jQuery.getJSON(url)
        .done(function (data) { self.showPreview(data); })
        .fail(function (xhr, status, error) { self.el.append(jQuery('<p class="text-danger"></p>').text(
          'The map could not be loaded: ' + status + ' ' + (error || ''))); });
    },

    addTiles: function (config) {
      var self = this, failed = 0, loaded = 0;
      var layer = config.type === 'custom'
        ? L.tileLayer(config['custom_url'] || config['custom.url'], { maxZoom: 18, attribution: config.attribution })
        : L.tileLayer.provider(config.type, config);
      if (config.attribution) self.attribution.addAttribution(config.attribution);
      layer.on('tileload', function () { loaded += 1; });
      layer.on('tileerror', function () {
        failed += 1;
        if (failed === 3 && loaded === 0) {  // the provider is unreachable: the portal's own backdrop
          self.map.removeLayer(layer);
          self.addBackdrop('unreachable');
        }
      });
      layer.addTo(self.map);
    },

    addBackdrop: function (why) {
      var self = this;
      if (self.backdrop || !self.options.backdrop_url) return;
      self.backdrop = true;
      jQuery.getJSON(self.options.backdrop_url).done(function (wards) {
        var layer = L.geoJSON(wards, {
          interactive: false,
          style: { color: '#6f777b', weight: 1, fillColor: '#f3f2f1', fillOpacity: 1 }
        }).addTo(self.map);
        layer.bringToBack();
        (wards.features || []).forEach(function (f) {
          var name = f.properties && (f.properties.wd13nm || f.properties.name);
          if (!name) return;
          var centre = L.geoJSON(f).getBounds().getCenter();
          L.marker(centre, { interactive: false, keyboard: false,
            icon: L.divIcon({ className: 'nlc-ward-label', html: esc(name), iconSize: null }) }).addTo(self.map);
        });
        self.attribution.addAttribution('Council boundary and wards: North Lanarkshire Council, contains OS data &copy; Crown copyright and database right');
        if (!self.bounds) self.map.fitBounds(layer.getBounds());
      });
      jQuery('#data-preview').append(jQuery('<p class="nlc-backdrop-note" id="nlc-backdrop-note"></p>').text(
        why === 'unreachable'
          ? 'The street map could not be loaded; the map shows the council boundary and wards instead.'
          : 'The map shows the council boundary and wards.'));
    },

    popupHtml: function (props, spec) {
      var rows = '';
      var fields = spec ? spec.fields : Object.keys(props).map(function (k) { return { name: k, label: k }; });
      fields.forEach(function (f) {
        var v = props[f.name];
        if (v === null || v === undefined || v === '') return;
        rows += '<tr><th scope="row">' + esc(f.label) + '</th><td>' + show(v) + '</td></tr>';
      });
      var title = spec && props[spec.title] ? '<h2 class="h6">' + esc(props[spec.title]) + '</h2>' : '';
      return '<div class="nlc-popup">' + title + '<table><tbody>' + rows + '</tbody></table></div>';
    },

    showPreview: function (data) {
      var self = this, spec = data.popup || null, n = 0;
      var list = jQuery('<ol class="nlc-map-list" aria-label="Places on the map"></ol>');
      var layer = L.Proj.geoJson(data, {
        style: self.options.style,
        pointToLayer: function (feature, latlng) {
          n += 1;
          var name = (spec && feature.properties[spec.title]) || ('Place ' + n);
          var label = n + '. ' + name;
          var marker = L.marker(latlng, {
            title: label, keyboard: true,
            icon: L.divIcon({ className: 'nlc-marker', html: String(n), iconSize: [24, 24] })
          });
          marker.on('add', function () {  // a div icon has no alt: name the focusable marker
            var el = marker.getElement();
            if (el) { el.setAttribute('role', 'button'); el.setAttribute('aria-label', label); }
          });
          return marker;
        },
        onEachFeature: function (feature, lyr) {
          if (!feature.properties) return;
          lyr.bindPopup(self.popupHtml(feature.properties, spec));
          if (lyr.setIcon) {
            var name = (spec && feature.properties[spec.title]) || ('Place ' + n);
            var item = jQuery('<li></li>').append(jQuery('<button type="button"></button>').text(name)
              .on('click', function () { self.map.setView(lyr.getLatLng(), Math.max(self.map.getZoom(), 14)); lyr.openPopup(); }));
            list.append(item);
          }
        }
      }).addTo(self.map);
      self.bounds = layer.getBounds();
      if (self.bounds.isValid()) self.map.fitBounds(self.bounds, { padding: [20, 20] });
      if (list.children().length) self.el.append(list);
    }
  };
});
});
