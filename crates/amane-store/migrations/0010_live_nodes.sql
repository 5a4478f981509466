-- Nodes that own live games say they are alive; a game whose owner has been silent too long is taken over by
-- the node that next receives a command for it.
CREATE TABLE live_nodes (
    node    TEXT PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
