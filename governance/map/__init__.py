"""The overlap and white-spot map: where the social and the safety domain meet, clash and leave gaps.

`selectors.map_picture` computes the matrix (themes x domains) and its findings from the register;
`services.snapshot_take` / `snapshot_compare` freeze findings and show progress. Pages, pictures and
the PDF render what these return and compute nothing themselves.
"""
