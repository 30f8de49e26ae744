/// The pipeline (being built).
enum Engine {}
