/// The real pipeline on a virtual clock (placeholder, being written).
public final class Simulation {}
