def casework_demo_build(*, region, scale: int) -> None:
    pass
