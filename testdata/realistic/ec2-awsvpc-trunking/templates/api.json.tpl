[
  {
    "name": "api",
    "image": "${image}",
    "essential": true,
    "cpu": 256,
    "memory": 512,
    "portMappings": [
      { "containerPort": ${port}, "protocol": "tcp" }
    ],
    "environment": [
%{ for k, v in env ~}
      { "name": "${k}", "value": "${v}" },
%{ endfor ~}
      { "name": "PORT", "value": "${port}" }
    ]
  }%{ if enable_envoy },
  {
    "name": "envoy",
    "image": "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod",
    "essential": true,
    "cpu": 64,
    "memory": 128,
    "portMappings": [
      { "containerPort": 9901, "protocol": "tcp" },
      { "containerPort": 15000, "protocol": "tcp" }
    ]
  }%{ endif }
]
