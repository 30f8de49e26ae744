"""The reliability drills of scripts/drills: each bash entry point runs its steps here."""
