[
  {
    "name": "app",
    "image": "${image}",
    "essential": true,
    "memory": 256,
    "portMappings": [{ "containerPort": ${port}, "hostPort": 0 }]
  }
]
