/// SQLite persistence (being built).
public enum Store {}
