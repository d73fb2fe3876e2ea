// The map on /places/: Leaflet with the tile server from the settings, and one marker layer per
// checkbox (places, pilots running now, ideas with a location), loaded as GeoJSON from the API.
// The list beside the map carries the same places, so the page works without this script and when
// tiles cannot load. Markers are buttons in the tab order, named by their title; Enter opens a
// popup with a link to the page.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("places-map");
  if (!element || !window.L) return;
  const data = element.dataset;
  element.hidden = false;
  for (const id of ["map-layers", "map-note"]) {
    const node = document.getElementById(id);
    if (node) node.hidden = false;
  }
  const box = data.bounds.split(",").map(Number);
  const bounds = L.latLngBounds([box[0], box[1]], [box[2], box[3]]);
  const map = L.map(element, { maxBounds: bounds.pad(0.5), minZoom: 9 });
  map.fitBounds(bounds);
  L.tileLayer(data.tileUrl, { attribution: data.tileAttribution, maxZoom: 19 }).addTo(map);

  const label = { places: data.labelPlaces, pilots: data.labelPilots, ideas: data.labelIdeas };

  function popup(properties) {
    const node = document.createElement("div");
    const kind = document.createElement("p");
    kind.className = "small muted";
    kind.textContent = label[properties.layer] || "";
    const link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title;
    node.append(kind, link);
    if (properties.place) {
      const where = document.createElement("p");
      where.className = "small";
      where.textContent = properties.place;
      node.append(where);
    }
    return node;
  }

  function marker(feature) {
    const [longitude, latitude] = feature.geometry.coordinates;
    const properties = feature.properties;
    const name = `${label[properties.layer] || ""}: ${properties.title}`;
    const icon = L.divIcon({
      className: `map-pin map-pin-${properties.layer}`,
      html: '<span aria-hidden="true"></span>',
      iconSize: [22, 22],
      // A pilot sits at its place: its marker is drawn beside the place's, not on top of it.
      iconAnchor: properties.layer === "pilots" ? [-4, 26] : [11, 11],
    });
    const item = L.marker([latitude, longitude], { icon, title: name, keyboard: true });
    item.bindPopup(() => popup(properties));
    item.on("add", () => {
      const node = item.getElement();
      if (node) {
        node.setAttribute("aria-label", name);
        node.dataset.layer = properties.layer;
        node.dataset.url = properties.url;
      }
    });
    return item;
  }

  for (const input of document.querySelectorAll("#map-layers input[data-layer-url]")) {
    const group = L.layerGroup();
    let loaded = false;
    const load = () => {
      if (loaded) return Promise.resolve();
      loaded = true;
      return fetch(input.dataset.layerUrl, {
        headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang },
      })
        .then((response) => (response.ok ? response.json() : { features: [] }))
        .then((collection) => {
          for (const feature of collection.features || []) group.addLayer(marker(feature));
        })
        .catch(() => {});
    };
    const show = () => {
      if (input.checked) load().then(() => group.addTo(map));
      else group.remove();
    };
    input.addEventListener("change", show);
    show();
  }
});
