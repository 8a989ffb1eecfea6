"""Jiangmen Explorer: an explorable history of Jiangmen's industrial parks and projects."""
