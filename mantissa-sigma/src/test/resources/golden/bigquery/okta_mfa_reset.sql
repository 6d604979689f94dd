SELECT *
FROM okta
WHERE JSON_VALUE(raw, '$.eventtype') IS NOT NULL AND (LOWER(JSON_VALUE(raw, '$.eventtype')) = 'user.mfa.factor.deactivate' OR LOWER(JSON_VALUE(raw, '$.eventtype')) = 'user.mfa.factor.reset_all') AND JSON_VALUE(raw, '$.displaymessage') IS NOT NULL AND LOWER(JSON_VALUE(raw, '$.displaymessage')) LIKE '%mfa%' AND NOT (COALESCE(JSON_VALUE(raw, '$."actor.alternateId"'), JSON_VALUE(raw, '$.actor.alternateId')) IS NOT NULL AND LOWER(COALESCE(JSON_VALUE(raw, '$."actor.alternateId"'), JSON_VALUE(raw, '$.actor.alternateId'))) LIKE '%@system.okta.com')
