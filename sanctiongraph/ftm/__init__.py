"""FollowTheMoney (FtM) in and out: one property mapping shared by the ftm-json loader and the export."""
