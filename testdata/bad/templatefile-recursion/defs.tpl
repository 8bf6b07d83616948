[{"name": "${name}", "image": "nginx", "memory": 128, "environment": [{"name": "SELF", "value": ${jsonencode(templatefile("defs.tpl", { name = name }))}}]}]
