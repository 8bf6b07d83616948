[{"name": "registry", "image": "registry:2", "essential": true, "memory": 256,
  "portMappings": [{"containerPort": ${port}, "hostPort": 0}]}]
