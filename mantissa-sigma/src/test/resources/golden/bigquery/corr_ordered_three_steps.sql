WITH RECURSIVE sigma_m AS (
SELECT time AS event_time, id AS event_id, COALESCE(JSON_VALUE(raw, '$."actor.alternateId"'), CASE WHEN NOT (coalesce(JSON_QUERY(raw, '$."actor.alternateId"'), 'null') <> 'null') THEN JSON_VALUE(raw, '$.actor.alternateId') ELSE NULL END) AS `actor.alternateId`, 0 AS step
FROM okta
WHERE COALESCE(JSON_VALUE(raw, '$."outcome.result"'), CASE WHEN NOT (coalesce(JSON_QUERY(raw, '$."outcome.result"'), 'null') <> 'null') THEN JSON_VALUE(raw, '$.outcome.result') ELSE NULL END) IS NOT NULL AND LOWER(COALESCE(JSON_VALUE(raw, '$."outcome.result"'), CASE WHEN NOT (coalesce(JSON_QUERY(raw, '$."outcome.result"'), 'null') <> 'null') THEN JSON_VALUE(raw, '$.outcome.result') ELSE NULL END)) = 'failure' OR EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(raw, '$."outcome.result"')) AS sigma_e1 WHERE JSON_VALUE(sigma_e1, '$') IS NOT NULL AND LOWER(JSON_VALUE(sigma_e1, '$')) = 'failure') OR NOT (coalesce(JSON_QUERY(raw, '$."outcome.result"'), 'null') <> 'null') AND EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(raw, '$.outcome.result')) AS sigma_e1 WHERE JSON_VALUE(sigma_e1, '$') IS NOT NULL AND LOWER(JSON_VALUE(sigma_e1, '$')) = 'failure')
UNION ALL
SELECT time AS event_time, id AS event_id, COALESCE(JSON_VALUE(raw, '$."actor.alternateId"'), CASE WHEN NOT (coalesce(JSON_QUERY(raw, '$."actor.alternateId"'), 'null') <> 'null') THEN JSON_VALUE(raw, '$.actor.alternateId') ELSE NULL END) AS `actor.alternateId`, 1 AS step
FROM okta
WHERE COALESCE(JSON_VALUE(raw, '$."outcome.result"'), CASE WHEN NOT (coalesce(JSON_QUERY(raw, '$."outcome.result"'), 'null') <> 'null') THEN JSON_VALUE(raw, '$.outcome.result') ELSE NULL END) IS NOT NULL AND LOWER(COALESCE(JSON_VALUE(raw, '$."outcome.result"'), CASE WHEN NOT (coalesce(JSON_QUERY(raw, '$."outcome.result"'), 'null') <> 'null') THEN JSON_VALUE(raw, '$.outcome.result') ELSE NULL END)) = 'success' OR EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(raw, '$."outcome.result"')) AS sigma_e1 WHERE JSON_VALUE(sigma_e1, '$') IS NOT NULL AND LOWER(JSON_VALUE(sigma_e1, '$')) = 'success') OR NOT (coalesce(JSON_QUERY(raw, '$."outcome.result"'), 'null') <> 'null') AND EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(raw, '$.outcome.result')) AS sigma_e1 WHERE JSON_VALUE(sigma_e1, '$') IS NOT NULL AND LOWER(JSON_VALUE(sigma_e1, '$')) = 'success')
UNION ALL
SELECT time AS event_time, id AS event_id, COALESCE(JSON_VALUE(raw, '$."actor.alternateId"'), CASE WHEN NOT (coalesce(JSON_QUERY(raw, '$."actor.alternateId"'), 'null') <> 'null') THEN JSON_VALUE(raw, '$.actor.alternateId') ELSE NULL END) AS `actor.alternateId`, 2 AS step
FROM okta
WHERE JSON_VALUE(raw, '$.eventType') IS NOT NULL AND LOWER(JSON_VALUE(raw, '$.eventType')) = 'user.mfa.factor.reset_all' OR EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(raw, '$.eventType')) AS sigma_e1 WHERE JSON_VALUE(sigma_e1, '$') IS NOT NULL AND LOWER(JSON_VALUE(sigma_e1, '$')) = 'user.mfa.factor.reset_all')
),
sigma_r AS (
SELECT sigma_m.*, ROW_NUMBER() OVER (ORDER BY `actor.alternateId`, event_time, event_id, step DESC) AS sigma_pos
FROM sigma_m
),
sigma_s1 AS (
SELECT sigma_r.*, MAX(CASE WHEN step = 0 THEN sigma_pos END) OVER (PARTITION BY `actor.alternateId` ORDER BY sigma_pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS sigma_a0, MAX(CASE WHEN step = 0 THEN event_time END) OVER (PARTITION BY `actor.alternateId` ORDER BY sigma_pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS sigma_t0
FROM sigma_r
),
sigma_s2 AS (
SELECT sigma_s1.*, MAX(CASE WHEN step = 1 AND TIMESTAMP_ADD(sigma_t0, INTERVAL 3600 SECOND) >= event_time THEN sigma_a0 END) OVER (PARTITION BY `actor.alternateId` ORDER BY sigma_pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS sigma_a1, MAX(CASE WHEN step = 1 AND TIMESTAMP_ADD(sigma_t0, INTERVAL 3600 SECOND) >= event_time THEN sigma_t0 END) OVER (PARTITION BY `actor.alternateId` ORDER BY sigma_pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS sigma_t1, MAX(CASE WHEN step = 1 AND TIMESTAMP_ADD(sigma_t0, INTERVAL 3600 SECOND) >= event_time THEN sigma_pos END) OVER (PARTITION BY `actor.alternateId` ORDER BY sigma_pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS sigma_p1
FROM sigma_s1
),
sigma_c AS (
SELECT `actor.alternateId`, sigma_pos, sigma_a1 AS sigma_from, ROW_NUMBER() OVER (PARTITION BY `actor.alternateId` ORDER BY sigma_pos) AS sigma_rank
FROM sigma_s2
WHERE step = 2 AND TIMESTAMP_ADD(sigma_t1, INTERVAL 3600 SECOND) >= event_time
),
sigma_k AS (
SELECT `actor.alternateId`, sigma_from AS sigma_key, sigma_pos AS sigma_val
FROM sigma_c
UNION ALL
SELECT `actor.alternateId`, sigma_pos AS sigma_key, CAST(NULL AS INT64) AS sigma_val
FROM sigma_c
),
sigma_n AS (
SELECT sigma_key AS sigma_pos, sigma_next
FROM (SELECT sigma_k.*, MIN(sigma_val) OVER (PARTITION BY `actor.alternateId` ORDER BY sigma_key ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS sigma_next
FROM sigma_k) AS sigma_k2
WHERE sigma_val IS NULL
),
sigma_f AS (
SELECT sigma_pos
FROM sigma_c
WHERE sigma_rank = 1
UNION ALL
SELECT sigma_n.sigma_next AS sigma_pos
FROM sigma_f
INNER JOIN sigma_n ON sigma_n.sigma_pos = sigma_f.sigma_pos
WHERE sigma_n.sigma_next IS NOT NULL
)
SELECT sigma_e2.sigma_t1 AS window_start, sigma_e2.`actor.alternateId`, sigma_e2.event_time AS window_end, sigma_e0.event_id AS first_id, sigma_e2.event_id AS last_id, sigma_e1.event_id AS step_2_id, 3 AS rule_count
FROM sigma_f
INNER JOIN sigma_s2 AS sigma_e2 ON sigma_e2.sigma_pos = sigma_f.sigma_pos
INNER JOIN sigma_s2 AS sigma_e1 ON sigma_e1.sigma_pos = sigma_e2.sigma_p1
INNER JOIN sigma_s2 AS sigma_e0 ON sigma_e0.sigma_pos = sigma_e1.sigma_a0
