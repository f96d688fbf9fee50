-- Databases for CKAN, the DataStore and the spatial work database (PostGIS only there).
CREATE ROLE ckan LOGIN PASSWORD 'change-me';
CREATE ROLE datastore_default LOGIN PASSWORD 'change-me';
CREATE DATABASE ckan OWNER ckan ENCODING 'utf-8';
CREATE DATABASE datastore OWNER ckan ENCODING 'utf-8';
CREATE DATABASE nlc OWNER ckan ENCODING 'utf-8';
\c nlc
CREATE EXTENSION IF NOT EXISTS postgis;
-- Then run `ckan datastore set-permissions | psql` once CKAN is up.
