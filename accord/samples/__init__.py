"""The bundled sample corpus: short dated articles written by the accord project itself."""
