from .progress import StageDefinition, StageEvent, StageResult, UnitProgress, UnitStatus

__all__ = ["StageDefinition", "StageEvent", "StageResult", "UnitProgress", "UnitStatus"]
