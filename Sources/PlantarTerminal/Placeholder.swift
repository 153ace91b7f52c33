public enum PlantarTerminalModule {}
