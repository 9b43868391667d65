"""Resolution: who the actors are, when and where events happened."""
