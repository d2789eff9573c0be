from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the CCI from the list of authorised people: nobody signs up."""

    def is_open_for_signup(self, request) -> bool:
        return False
