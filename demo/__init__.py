"""Demo-data generators (not packaged): the sample FOI log and the sample GIS source layers."""
