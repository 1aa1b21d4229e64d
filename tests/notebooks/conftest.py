from tests.notebooks.helpers import editor_token, upload

__all__ = ["editor_token", "upload"]
