api_image_tag = "2024.11.3"
