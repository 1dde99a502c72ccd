from rest_framework import serializers

from ..models import LedgerEntry


class LedgerEntrySerializer(serializers.ModelSerializer):
    event_label = serializers.CharField(read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "seq", "timestamp", "event", "event_label", "actor_id", "actor_name", "organization_id",
            "organization_name", "object_type", "object_id", "object_repr", "before", "after", "ip_address",
            "algorithm", "prev_hash", "hash",
        ]
        read_only_fields = fields


class ChainReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    checked = serializers.IntegerField()
    first_broken_seq = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    message = serializers.CharField()
