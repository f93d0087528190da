"""Lower Back Exercise Guide: data loading, checking and page shaping."""
