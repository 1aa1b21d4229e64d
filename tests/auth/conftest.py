from tests.auth.oauth_fixtures import make_client

__all__ = ["make_client"]
