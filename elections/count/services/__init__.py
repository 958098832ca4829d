"""The count's services: figures and checks, the double entry and its resolution, the seal,
corrigenda and re-vote, the recognition decision."""
