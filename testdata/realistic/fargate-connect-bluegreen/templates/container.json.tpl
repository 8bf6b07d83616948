[
  {
    "name": "${name}",
    "image": "${image}",
    "essential": true,
    "portMappings": [
%{ for i, p in ports ~}
      {
        "name": "${p.name}",
        "containerPort": ${p.port},
        "protocol": "tcp",
        "appProtocol": "${p.app_protocol}"
      }${i < length(ports) - 1 ? "," : ""}
%{ endfor ~}
    ],
    "logConfiguration": {
      "logDriver": "awslogs",
      "options": {
        "awslogs-group": "/ecs/${name}",
        "awslogs-region": "${region}",
        "awslogs-stream-prefix": "ecs"
      }
    }
  }
]
