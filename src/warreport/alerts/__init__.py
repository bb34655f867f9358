"""Alerts ("Notify of"): subscriptions by area, actor and event type, delivered as an Atom
feed per subscription and as signed webhook POSTs."""

from warreport.alerts.subscriptions import Subscription, SubscriptionSpec, SubscriptionStore

__all__ = ["Subscription", "SubscriptionSpec", "SubscriptionStore"]
