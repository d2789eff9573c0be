from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from extranet.clientip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the CCI from the list of authorised people: nobody signs up."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        # The rate limits and the list of active sessions use the same address as the audit log.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Adresse du client introuvable.")
        return ip
