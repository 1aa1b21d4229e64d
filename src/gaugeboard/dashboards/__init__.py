"""The dashboard document, its folders and paths, and saving and finding dashboards."""
